"""A tiny library shipped as a wheel with the python-wheel example."""

__version__ = "1.0.0"


def greet(name: str) -> str:
    return f"Hello, {name}, from hop3-greeting {__version__}!"
