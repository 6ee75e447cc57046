"""Importers: real datasets (USDA SR28, HPO) streamed into a store as RDF, with provenance."""
