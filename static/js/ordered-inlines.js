/*
 * Numbered inline rows of the admin (parties, scope clauses): drag a row by its handle, or
 * move it with the arrow keys, and the numbers of its group are rewritten in the new order;
 * a row added with "add another" is given the number after the last of its group, and so is a
 * row moved to another group (a party made a witness), whose old group closes up behind it.
 *
 * The number inputs carry `data-row-order` (and `data-row-order-group` when rows are numbered
 * within a group, such as a party's role); the server does the rest (agreements/forms.py,
 * OrderedInlineFormSet). No inline script: the page's CSP allows only files like this one.
 */
"use strict";
(function () {
    const ROW = "tr.form-row, div.inline-related";

    function orderInput(row) {
        return row.querySelector("input[data-row-order]");
    }

    function prefixOf(input) {
        return input.name.replace(/-(\d+|__prefix__)-[^-]+$/, "");
    }

    // The row's field that names its group (a party's role), or null when the inline is
    // numbered as one group.
    function chooserOf(row) {
        const input = orderInput(row);
        const field = input.dataset.rowOrderGroup;
        return field ? row.querySelector(`[name="${input.name.replace(/[^-]+$/, field)}"]`) : null;
    }

    function groupKey(row) {
        const chooser = chooserOf(row);
        return chooser ? chooser.value : "";
    }

    function rowsOf(prefix) {
        const group = document.getElementById(`${prefix}-group`);
        return Array.from(group ? group.querySelectorAll(ROW) : []).filter(function (row) {
            const input = orderInput(row);
            return input && input.closest(ROW) === row && !row.classList.contains("empty-form");
        });
    }

    function isDeleted(row) {
        const box = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
        return box !== null && box.checked;
    }

    function isStored(row) {
        const pk = row.querySelector('input[type="hidden"][name$="-id"]');
        return pk !== null && pk.value !== "";
    }

    // The rows' numbers in their order on the page, 1, 2, 3 … within each group.
    function renumber(prefix) {
        const next = {};
        rowsOf(prefix).forEach(function (row) {
            if (isDeleted(row)) {
                return;
            }
            const key = groupKey(row);
            next[key] = (next[key] || 0) + 1;
            orderInput(row).value = next[key];
        });
    }

    // Form indexes follow the page: stored rows first (the server reads them as the formset's
    // initial forms), then new rows in their place on the page, which is the order entered.
    function reindex(prefix) {
        const rows = rowsOf(prefix);
        const ordered = rows.filter(isStored).concat(rows.filter((row) => !isStored(row)));
        const pattern = new RegExp(`^(id_)?${prefix}-\\d+(?=-|$)`);
        ordered.forEach(function (row, index) {
            [row].concat(Array.from(row.querySelectorAll("*"))).forEach(function (el) {
                ["id", "name", "for"].forEach(function (attribute) {
                    const value = el.getAttribute(attribute);
                    if (value && pattern.test(value)) {
                        el.setAttribute(attribute, value.replace(pattern, (match, id) => `${id || ""}${prefix}-${index}`));
                    }
                });
            });
        });
    }

    function settle(prefix) {
        reindex(prefix);
        renumber(prefix);
    }

    function addHandle(input) {
        if (input.previousElementSibling && input.previousElementSibling.classList.contains("row-drag-handle")) {
            return;
        }
        const handle = document.createElement("button");
        handle.type = "button";
        handle.className = "row-drag-handle";
        handle.title = input.dataset.dragLabel || "";
        handle.setAttribute("aria-label", handle.title);
        handle.textContent = "⠿";
        input.before(handle);
    }

    // Dragging: the row follows the pointer over the other rows of its inline.
    let dragging = null;

    document.addEventListener("pointerdown", function (event) {
        const handle = event.target.closest(".row-drag-handle");
        if (!handle) {
            return;
        }
        const row = handle.closest(ROW);
        if (!row || row.classList.contains("empty-form")) {
            return;
        }
        event.preventDefault();
        dragging = {row: row, prefix: prefixOf(orderInput(row))};
        row.classList.add("row-dragging");
    });

    document.addEventListener("pointermove", function (event) {
        if (!dragging) {
            return;
        }
        event.preventDefault();
        // Near the window's top or bottom edge the page scrolls, so a row can go far.
        if (event.clientY < 40) {
            window.scrollBy(0, -20);
        } else if (event.clientY > window.innerHeight - 40) {
            window.scrollBy(0, 20);
        }
        const under = document.elementFromPoint(event.clientX, event.clientY);
        const target = under && under.closest(ROW);
        if (!target || target === dragging.row || !rowsOf(dragging.prefix).includes(target)) {
            return;
        }
        const box = target.getBoundingClientRect();
        if (event.clientY < box.top + box.height / 2) {
            target.before(dragging.row);
        } else {
            target.after(dragging.row);
        }
    });

    function drop() {
        if (!dragging) {
            return;
        }
        dragging.row.classList.remove("row-dragging");
        settle(dragging.prefix);
        dragging = null;
    }
    document.addEventListener("pointerup", drop);
    document.addEventListener("pointercancel", drop);

    document.addEventListener("keydown", function (event) {
        const handle = event.target.closest && event.target.closest(".row-drag-handle");
        if (!handle || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
            return;
        }
        const row = handle.closest(ROW);
        const prefix = prefixOf(orderInput(row));
        const rows = rowsOf(prefix);
        const neighbour = rows[rows.indexOf(row) + (event.key === "ArrowUp" ? -1 : 1)];
        if (!neighbour) {
            return;
        }
        event.preventDefault();
        if (event.key === "ArrowUp") {
            neighbour.before(row);
        } else {
            neighbour.after(row);
        }
        settle(prefix);
        handle.focus();
    });

    // The number after the last of the rows of `row`'s group, leaving `row` itself out.
    function nextNumber(row) {
        const key = groupKey(row);
        let last = 0;
        rowsOf(prefixOf(orderInput(row))).forEach(function (other) {
            if (other !== row && !isDeleted(other) && groupKey(other) === key) {
                last = Math.max(last, parseInt(orderInput(other).value, 10) || 0);
            }
        });
        return last + 1;
    }

    // The group each row was last numbered in: a change of role tells only the new one.
    const numberedIn = new WeakMap();

    // "Add another": the new row is numbered after the last row of its group.
    document.addEventListener("formset:added", function (event) {
        const row = event.target;
        const input = orderInput(row);
        if (!input) {
            return;
        }
        addHandle(input);
        input.value = nextNumber(row);
        numberedIn.set(row, groupKey(row));
    });

    // A row moved to another group goes after the last row there; the rows after it in the
    // group it left move up one, so each group still counts 1, 2, 3 ….
    document.addEventListener("change", function (event) {
        const row = event.target.closest && event.target.closest(ROW);
        if (!row || !orderInput(row) || event.target !== chooserOf(row)) {
            return;
        }
        const input = orderInput(row);
        const left = numberedIn.get(row);
        if (left === groupKey(row)) {
            return;
        }
        // A row marked for deletion held no number of its group.
        const number = isDeleted(row) ? NaN : parseInt(input.value, 10);
        rowsOf(prefixOf(input)).forEach(function (other) {
            const otherInput = orderInput(other);
            const otherNumber = parseInt(otherInput.value, 10);
            if (other !== row && !isDeleted(other) && groupKey(other) === left && otherNumber > number) {
                otherInput.value = otherNumber - 1;
            }
        });
        input.value = nextNumber(row);
        numberedIn.set(row, groupKey(row));
    });

    // The admin renames the rows after one is removed, by their place on the page; put the
    // stored rows first again once it has.
    document.addEventListener("formset:removed", function (event) {
        const prefix = event.detail.formsetName;
        if (rowsOf(prefix).length || document.querySelector(`#${prefix}-empty input[data-row-order]`)) {
            setTimeout(function () {
                reindex(prefix);
            });
        }
    });

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("input[data-row-order]").forEach(function (input) {
            addHandle(input);
            const row = input.closest(ROW);
            if (row) {
                numberedIn.set(row, groupKey(row));
            }
        });
    });
})();
