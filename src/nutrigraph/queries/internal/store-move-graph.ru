# A staging graph takes the place of its target ($STAGE and $GRAPH are written by the remote store); one per graph, all in one request.
MOVE SILENT GRAPH $STAGE TO GRAPH $GRAPH
