"""What every audited record shares, whatever its app: edit-conflict versions (`locking`), the
read-only history admin (`history`), the delete summary without link rows (`deletion`), and
derived data kept current from the audit trail (`derived`). Knows no domain model."""
