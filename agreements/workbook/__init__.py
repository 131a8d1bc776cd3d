"""Agreements as one workbook, a sheet per kind of row: `manage.py export_agreements` writes it,
`manage.py import_agreements` and the admin's "import a workbook" page read it back. The
exported workbook is also the template: export, import into an empty registry, and the same
agreements come back (tests/agreements/test_workbook.py compares their open-data records).

Sheets (Thai name, then the English one a file may use instead): ข้อตกลง (agreements), องค์กร
(organisations), ภาคี (parties), ขอบเขตความร่วมมือ (clauses), บทบาทหน้าที่ (duties),
พื้นที่ครอบคลุม (coverage), การต่ออายุ (renewals), การจัดสรรงบประมาณ (allocations),
กิจกรรมติดตาม (activities). Row 1 holds the Thai headers, row 2 the field names in English (read
as a note and skipped); data starts on row 3. docs/import.md lists every column. The attached
files travel beside the workbook, in a ZIP that attach_scans reads (agreements.scans).

An agreement is found again by its reference: a row whose agreement already says the same thing
writes nothing, so importing a file twice changes nothing. A new or changed agreement is sent for
review (agreements.review: submitted), with history naming the file; the whole file is written
in one transaction or not at all. Organisations are found by Thai name and province (a merged
record's old name leads to the kept one) and people by their Thai name as written; those not
found are created, and the preview names them with the existing records whose names are close,
so that staff can pick one instead of creating a duplicate.

The cells are read with the import engine's widgets (importing.resources): BE dates, choices by
code or Thai/English label, provinces as people write them. Allocations and activities have the
columns and cells of import_allocations and import_activities (budgets.imports,
agreements.imports) and their keys, found again within their agreement; a row of theirs missing
from the file is left as it is, as those imports leave it, and they are published or hidden by
the review rule (agreements.review.review_write).

The package, a module a step: sheets (the sheets and their columns), export (writing the
workbook), reading (the file's rows and cells), plans (what an import would write), planning
(the Planner and workbook_plan), matching (organisations and people found, or offered close
matches), allocations (the allocation and activity sheets), writes (workbook_import).
"""

from .export import agreements_workbook, be_date
from .planning import not_found_or_not_yours, workbook_plan
from .reading import WorkbookError
from .sheets import ACTIVITIES, AGREEMENTS, ALLOCATIONS, PARTIES
from .writes import workbook_import

__all__ = [
    "ACTIVITIES",
    "AGREEMENTS",
    "ALLOCATIONS",
    "PARTIES",
    "WorkbookError",
    "agreements_workbook",
    "be_date",
    "not_found_or_not_yours",
    "workbook_import",
    "workbook_plan",
]
