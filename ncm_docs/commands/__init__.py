"""One module per CLI command. Each defines ``command`` (a click command or group).

``ncm_docs.cli`` discovers these modules by file name, so adding a command means
adding a module here and nothing else. Keep module-level imports light (click
only): heavy imports belong inside the command function.
"""
