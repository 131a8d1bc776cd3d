"""The read-only open-data API (/api/v1/), composed from the domain apps as the public site is
(public/): one module of serializers and viewsets per app it publishes, routed by
codi_registry/api_urls.py. Only published agreements and what hangs off them; people's contact
details never."""
