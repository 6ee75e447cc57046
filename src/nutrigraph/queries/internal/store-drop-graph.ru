# A graph of a remote store dropped ($GRAPH is written by the remote store).
DROP SILENT GRAPH $GRAPH
