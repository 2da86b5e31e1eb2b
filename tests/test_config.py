import pytest

from auditor.config import find_config, load_config
from auditor.engine import Engine
from auditor.errors import ConfigError
from auditor.models import Severity


def test_pyproject_tool_auditor_is_found_upward(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.auditor]\nignore = ["RDB002"]\nfail_under = 70\n'
        '[tool.auditor.severity]\nTRN001 = "error"\n[tool.auditor.rules.RDB002]\nmax_words = 30\n'
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert find_config() == tmp_path / "pyproject.toml"
    cfg = load_config()
    assert cfg.ignore == ["RDB002"] and cfg.fail_under == 70
    assert cfg.severity["TRN001"] is Severity.ERROR
    assert cfg.rules["RDB002"] == {"max_words": 30}


def test_auditor_toml_wins_in_its_folder(tmp_path, monkeypatch):
    (tmp_path / "auditor.toml").write_text('select = ["TRN"]\n')
    monkeypatch.chdir(tmp_path)
    assert load_config().select == ["TRN"]


@pytest.mark.parametrize(
    "toml, message",
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ("[weights]\nstyle = 1\n", "weights.style: unknown family"),
        ("[languagetool]\nport = 1\n", "languagetool.port: unknown key"),
        ('[severity]\nTRN001 = "fatal"\n', "unknown severity 'fatal'"),
        ('fail_under = "high"\n', "fail_under must be a number"),
    ],
)
def test_unknown_keys_are_named(tmp_path, toml, message):
    path = tmp_path / "auditor.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_config(path)


def test_unknown_rule_code_and_option(tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text("[rules.XYZ999]\nfoo = 1\n")
    with pytest.raises(ConfigError, match="unknown rule code 'XYZ999'"):
        Engine(load_config(path))
    path.write_text("[rules.RDB002]\nmax_wrds = 1\n")
    with pytest.raises(ConfigError, match="unknown option 'max_wrds'"):
        Engine(load_config(path))
