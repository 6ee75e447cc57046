# A staging graph's triples added to its target, and the staging graph gone ($STAGE and $GRAPH are written by the remote store).
ADD SILENT GRAPH $STAGE TO GRAPH $GRAPH ;
DROP SILENT GRAPH $STAGE
