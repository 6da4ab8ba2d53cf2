"""The Slack app: questions to the agent, ``/ar``, review and dunning cards, shared remittances.

Built on slack-bolt; mounted in the FastAPI server at ``/slack/events`` (or run over Socket
Mode) by :func:`copilot.slack.mount.mount_slack`.
"""
