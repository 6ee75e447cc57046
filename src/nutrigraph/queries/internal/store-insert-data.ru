# Triples added to a staging graph where there is no Graph Store Protocol endpoint ($GRAPH and $TRIPLES are written by the remote store).
INSERT DATA { GRAPH $GRAPH {
$TRIPLES
} }
