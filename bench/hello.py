"""The ceiling: the smallest Flask app, served by gunicorn with exactly the settings of the real one."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
