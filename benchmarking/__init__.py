"""`manage.py benchmark`'s parts: the registry it fills and the measurements it takes."""
