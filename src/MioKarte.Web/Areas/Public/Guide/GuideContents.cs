namespace MioKarte.Web.Areas.Public.Guide;

/// <summary>
/// One page of the guide: its URL slug, the document's section number, its title's resource key and
/// the item of the site's main navigation it belongs to.
/// </summary>
public sealed record GuidePage(string Slug, string Number, string TitleKey, string Section)
{
    public string Path => "/guide/" + Slug;
}

/// <summary>The guide's pages in the order of the source document, for the index and the prev/next links.</summary>
public static class GuideContents
{
    public static readonly IReadOnlyList<GuidePage> All =
    [
        new("about", "1-1", "Guide.About.Title", "about"),
        new("purpose", "1-2", "Guide.Purpose.Title", "about"),
        new("how-it-is-used", "1-3", "Guide.HowItIsUsed.Title", "about"),
        new("what-you-can-see", "1-4", "Guide.WhatYouCanSee.Title", "what-you-can-see"),
        new("system", "2-1, 2-2", "Guide.System.Title", "system"),
        new("how-to-join", "2-3", "Guide.HowToJoin.Title", "how-to-join"),
        new("contact", "2-4", "Guide.Contact.Title", "contact"),
        new("rules", "3-1, 3-2", "Guide.Rules.Title", "rules"),
        new("operation", "4-1", "Guide.Operation.Title", "operation"),
        new("council", "4-2", "Guide.Council.Title", "operation"),
        new("faq", "5-1", "Guide.Faq.Title", "faq"),
    ];

    /// <summary>The page before and after <paramref name="slug"/>, or null at either end.</summary>
    public static (GuidePage? Previous, GuidePage? Next) Neighbours(string slug)
    {
        var index = -1;
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Slug == slug)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return (null, null);
        }

        return (index > 0 ? All[index - 1] : null, index < All.Count - 1 ? All[index + 1] : null);
    }

    /// <summary>The page with this slug; throws for an unknown slug so a typo fails loudly.</summary>
    public static GuidePage Get(string slug) =>
        All.FirstOrDefault(p => p.Slug == slug) ?? throw new ArgumentOutOfRangeException(nameof(slug), slug, "Unknown guide page.");
}
