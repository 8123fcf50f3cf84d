using MioKarte.Core.Pdf;

namespace MioKarte.UnitTests.Pdf;

public class TextLayoutTests
{
    [Fact]
    public void Wrapping_breaks_between_characters_and_keeps_every_character()
    {
        const string text = "東京都八王子市散田町３－１０－１医療法人社団永生会南多摩病院システム室内";

        var lines = TextLayout.Wrap(text, 10, 100);

        Assert.True(lines.Count > 1);
        Assert.Equal(text, string.Concat(lines));
        Assert.All(lines, l => Assert.True(TextLayout.Measure(l, 10) <= 100, l));
    }

    [Fact]
    public void A_line_never_starts_with_closing_punctuation()
    {
        // Ten characters fit per line at 10 pt in 100 pt; the 11th is 「、」.
        var lines = TextLayout.Wrap("あいうえおかきくけこ、さしすせそ。", 10, 100);

        Assert.All(lines, l => Assert.DoesNotContain(l[0], "、。）」"));
        Assert.Equal("あいうえおかきくけ", lines[0]);
    }

    [Fact]
    public void Explicit_line_breaks_start_new_lines()
    {
        Assert.Equal(["〒193-0832", "東京都"], TextLayout.Wrap("〒193-0832\n東京都", 10, 400));
    }
}
