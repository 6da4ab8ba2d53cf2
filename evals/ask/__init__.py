"""The ``arcopilot ask`` evaluation: a fixed world, questions with truth, and the scorecard."""
