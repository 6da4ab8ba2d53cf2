"""The configured chat model, talking to the local OpenAI-compatible server (content, stream, tools)."""

from __future__ import annotations

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, Field, SecretStr

from copilot.llm import ProviderConfigError, chat_model
from copilot.llm.provider import MAX_RETRIES, REQUEST_TIMEOUT_SECONDS
from copilot.settings import Settings
from tests.openai_server import OpenAIServer, Reply


def openai_settings(**values: str) -> Settings:
    return Settings.model_validate({"llm_provider": "openai", **values})


def model_for(server: OpenAIServer) -> BaseChatModel:
    settings = openai_settings(
        llm_model="local-model", OPENAI_API_KEY="test", OPENAI_BASE_URL=server.base_url
    )
    model = chat_model(settings)
    assert model is not None
    return model


class CustomerBalance(BaseModel):
    """Look up a customer's open balance."""

    customer_id: str = Field(description="the customer's id")


def test_the_rules_provider_has_no_model() -> None:
    assert chat_model(Settings(llm_provider="rules")) is None


def test_openai_is_configured_from_the_settings() -> None:
    settings = openai_settings(
        llm_model="gpt-x", OPENAI_API_KEY="sk-1", OPENAI_BASE_URL="http://127.0.0.1:9/v1"
    )

    model = chat_model(settings)

    assert isinstance(model, ChatOpenAI)
    assert (model.model_name, model.temperature) == ("gpt-x", 0)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert (model.max_retries, model.request_timeout) == (MAX_RETRIES, REQUEST_TIMEOUT_SECONDS)
    assert isinstance(model.openai_api_key, SecretStr)
    assert model.openai_api_key.get_secret_value() == "sk-1"


@pytest.mark.parametrize(
    ("values", "missing"),
    [({"OPENAI_API_KEY": "sk-1"}, "ARCOPILOT_LLM_MODEL"), ({"llm_model": "gpt-x"}, "OPENAI_API_KEY")],
)
def test_openai_without_model_or_key_is_a_one_line_error(
    values: dict[str, str], missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("ARCOPILOT_LLM_MODEL", raising=False)

    with pytest.raises(ProviderConfigError, match=missing):
        chat_model(openai_settings(**values))


def test_plain_content(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.text("Bonjour"))

    answer = model_for(openai_server).invoke("Hello")

    assert answer.content == "Bonjour"
    assert openai_server.last_request["messages"] == [{"role": "user", "content": "Hello"}]
    assert openai_server.last_request["model"] == "local-model"


def test_streamed_content(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.text("streamed answer"))

    text = "".join(str(chunk.content) for chunk in model_for(openai_server).stream("Hello"))

    assert text == "streamed answer"
    assert openai_server.last_request["stream"] is True


def test_tool_calls(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.tools(("CustomerBalance", {"customer_id": "C042"})))

    answer = model_for(openai_server).bind_tools([CustomerBalance]).invoke("What does C042 owe?")

    assert isinstance(answer, AIMessage)
    assert [(call["name"], call["args"]) for call in answer.tool_calls] == [
        ("CustomerBalance", {"customer_id": "C042"})
    ]
    (tool,) = openai_server.last_request["tools"]
    assert tool["function"]["name"] == "CustomerBalance"


def test_replies_can_be_a_function_of_the_request(openai_server: OpenAIServer) -> None:
    openai_server.respond = lambda request: Reply.text(str(len(request["messages"])))

    assert model_for(openai_server).invoke([("system", "s"), ("user", "u")]).content == "2"
