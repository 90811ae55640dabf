"""FHIR R4: resource mapping (export/import) and the REST API under /fhir/r4/ (issue 13)."""
