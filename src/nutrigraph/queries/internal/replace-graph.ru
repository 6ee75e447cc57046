# Replace one named graph with new triples ($GRAPH and $TRIPLES are written by the store's writer); the store sends one of these per graph in one request, one transaction.
DROP SILENT GRAPH $GRAPH ;
INSERT DATA { GRAPH $GRAPH {
$TRIPLES
} }
