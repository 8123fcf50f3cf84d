using Microsoft.Playwright;

namespace MioKarte.EndToEndTests.Clinical;

/// <summary>Checks of the trend charts (lab results, vital signs) in the detail pane.</summary>
internal static class TrendCharts
{
    /// <summary>
    /// In every trend chart of the detail, every label lies inside the drawing as Chromium lays it
    /// out at this width, no two labels overlap, and none is smaller than 10 px.
    /// </summary>
    public static async Task AssertLabelsFitAsync(IPage page)
    {
        var fit = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
              let outside = 0, smallest = Infinity, charts = 0;
              const overlapping = [];
              for (const svg of document.querySelectorAll("#detail svg.trend")) {
                charts++;
                const box = svg.getBoundingClientRect();
                const texts = [...svg.querySelectorAll("text")];
                const labels = texts.map(t => t.getBoundingClientRect());
                outside += labels.filter(r => r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5).length;
                for (let i = 0; i < labels.length; i++)
                  for (let j = i + 1; j < labels.length; j++) {
                    const a = labels[i], b = labels[j];
                    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlapping.push(texts[i].textContent + " / " + texts[j].textContent);
                  }
                smallest = Math.min(smallest, 13 * box.width / svg.viewBox.baseVal.width);
              }
              return { charts, outside, overlapping, smallest };
            }
            """);
        Assert.True(fit.GetProperty("charts").GetInt32() > 0, "no trend chart in the detail");
        Assert.Equal(0, fit.GetProperty("outside").GetInt32());
        Assert.Empty(fit.GetProperty("overlapping").EnumerateArray().Select(p => p.GetString()));
        var smallest = fit.GetProperty("smallest").GetDouble();
        Assert.True(smallest >= 10, $"chart text {smallest:F1} px");
    }
}
