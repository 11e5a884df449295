"""The Bill Syncing web app: FastAPI with server-rendered pages (`create_app` in `app.py`)."""
