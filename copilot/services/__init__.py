"""One service per action, shared by the CLI, the API and Slack."""
