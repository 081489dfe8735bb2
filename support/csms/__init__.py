"""CSMS engine: the WebSocket server, the reference CSMS and its trigger API."""
