"""kbutil.paths: content paths stay in the content folder, written files in the output."""

import pytest

from kbutil.paths import content_path, inside, is_absolute, output_path, write_output


@pytest.fixture
def tree(tmp_path):
    """content/ with posts/ and images/a.png, a secret beside content/, and output/."""
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "images" / "a.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "output").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "value, expected",
    [
        ("../images/a.png", "images/a.png"),
        ("../../content/images/a.png", "images/a.png"),  # '..' that comes back inside
        ("../images/../images/a.png", "images/a.png"),
        ("x.md", "posts/x.md"),
    ],
)
def test_content_path_inside(tree, value, expected):
    content = tree / "content"
    assert content_path(content, content / "posts", value) == (content / expected).resolve()


@pytest.mark.parametrize(
    "value", ["../../secret.txt", "../" * 12 + "etc/passwd", "/etc/passwd", "../../content-other/x"]
)
def test_content_path_outside(tree, value):
    content = tree / "content"
    with pytest.raises(ValueError, match="^points outside the content folder$"):
        content_path(content, content / "posts", value)


def test_absolute_path_inside_is_accepted(tree):
    content = tree / "content"
    absolute = str(content / "images" / "a.png")
    assert content_path(content, content / "posts", absolute) == (content / "images" / "a.png").resolve()


def test_symlink_out_of_content_is_refused(tree):
    content = tree / "content"
    (content / "images" / "leak.png").symlink_to(tree / "secret.txt")
    (content / "linked").symlink_to(tree, target_is_directory=True)
    for value in ("../images/leak.png", "../linked/secret.txt"):
        with pytest.raises(ValueError, match="^is a symlink to a file outside the content folder$"):
            content_path(content, content / "posts", value)
    assert not inside(content, content / "images" / "leak.png")


def test_symlink_inside_content_is_accepted(tree):
    content = tree / "content"
    (content / "images" / "b.png").symlink_to(content / "images" / "a.png")
    assert content_path(content, content, "images/b.png") == (content / "images" / "a.png").resolve()
    assert inside(content, content / "images" / "b.png")


def test_root_reached_through_a_symlink(tree):
    """A content folder that is itself a symlink still contains its own files."""
    (tree / "alias").symlink_to(tree / "content", target_is_directory=True)
    alias = tree / "alias"
    assert content_path(alias, alias / "posts", "../images/a.png") == (tree / "content" / "images" / "a.png").resolve()


@pytest.mark.parametrize("value", ["cards/x.png", "a/../b.html", "2011/10/x/index.html", "cards\\x.png"])
def test_output_path_inside(tree, value):
    out = tree / "output"
    assert output_path(out, value).is_relative_to(out.resolve())


@pytest.mark.parametrize(
    "value, reason",
    [
        ("cards/../../x.png", "points outside the output folder"),
        ("../content/images/a.png", "points outside the output folder"),
        ("/etc/passwd", "is an absolute path, not a path inside the output folder"),
        ("C:\\x.png", "is an absolute path, not a path inside the output folder"),
        ("", "names the output folder itself, not a file in it"),
        ("a/..", "names the output folder itself, not a file in it"),
    ],
)
def test_output_path_outside(tree, value, reason):
    with pytest.raises(ValueError, match=f"^{reason}$"):
        output_path(tree / "output", value)


def test_output_symlink_out_is_refused(tree):
    out = tree / "output"
    (out / "cards").symlink_to(tree / "content" / "images", target_is_directory=True)
    with pytest.raises(ValueError, match="symlink outside the output folder"):
        output_path(out, "cards/a.png")


def test_write_output_writes_inside_and_refuses_outside(tree):
    out = tree / "output"
    path = write_output(out, "cards/x.png", b"card")
    assert path == (out / "cards" / "x.png").resolve() and path.read_bytes() == b"card"
    with pytest.raises(ValueError):
        write_output(out, "../content/images/a.png", b"overwritten")
    assert (tree / "content" / "images" / "a.png").read_bytes() == b"png"


@pytest.mark.parametrize("value, absolute", [("/x", True), ("\\x", True), ("C:x", True), ("x/y", False), ("..", False)])
def test_is_absolute(value, absolute):
    assert is_absolute(value) is absolute
