"""Custom Rasa NLU components. They run inside the Rasa server (.venv-rasa), never in the gateway."""
