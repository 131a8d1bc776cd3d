"""Form data for the money-trail tables on the allocation's change page (budgets.admin)."""

MONEY_PREFIXES = ("instalments", "transfers", "spending_reports", "returns")


def money_rows(prefix="", rows=(), initial=0):
    """The management form of one inline (and its rows: dicts of field -> value)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def no_money_rows(**rows):
    """Every money table empty, but those given as prefix=[rows]."""
    data = {}
    for prefix in MONEY_PREFIXES:
        data.update(money_rows(prefix, rows.get(prefix, ())))
    return data
