"""What importing a workbook would write, without writing: a Plan of AgreementPlans, with
their parties, allocations and activities, and the organisations and people to create."""

from dataclasses import dataclass, field

from importing.resources import PreviewRow

from ..models import Agreement


@dataclass
class NewRecord:
    """An organisation or a person the import would create, and the existing records with a
    close name that staff may pick instead (`field`: the admin's form field of the pick)."""

    kind: str  # "organisation" or "person"
    label: str
    field: str
    close: list = field(default_factory=list)  # [(pk, label)]
    picked: object = None  # the existing record staff picked instead


@dataclass
class PartyPlan:
    role: str
    order: int
    organisation: object  # Organisation, an org key tuple (new), or None
    organisation_name_th: str
    organisation_name_en: str
    signatory: object  # Person, a name tuple (new), or None
    signatory_title: str
    signatory_title_en: str
    duties: list = field(default_factory=list)  # [(order, th, en)]


@dataclass
class RecordPlan:
    """An allocation or activity row: the record it updates (None: a new one), the values it
    sets, and whether they differ from the record's."""

    model: type
    key: tuple
    record: object
    values: dict  # field name -> value (an organisation or allocation may be still to create)
    published: bool | None  # None: the cell is empty, which means published
    changed: bool = True


@dataclass
class AgreementPlan:
    row: PreviewRow
    reference: str
    instance: Agreement = None
    themes: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    subdistricts: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    clauses: list = field(default_factory=list)
    renews: str = ""
    allocations: list = field(default_factory=list)  # [RecordPlan]
    activities: list = field(default_factory=list)  # [RecordPlan]


@dataclass
class Plan:
    file_name: str
    agreements: list = field(default_factory=list)  # [AgreementPlan]
    refusals: list = field(default_factory=list)
    new_organisations: dict = field(default_factory=dict)  # key -> NewRecord
    new_people: dict = field(default_factory=dict)
    organisation_details: dict = field(default_factory=dict)  # key -> SheetRow

    @property
    def rows(self):
        return [agreement.row for agreement in self.agreements]

    @property
    def refused(self):
        return bool(self.refusals) or any(row.status == "error" for row in self.rows)

    def counts(self):
        counts = {}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts


def _pk(record):
    return record.pk if hasattr(record, "pk") else ("new", record)
