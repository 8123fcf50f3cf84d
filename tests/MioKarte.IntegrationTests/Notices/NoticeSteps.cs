using System.Net;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Notices;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Notices;

/// <summary>The council's notice form, filled in as a council member would, and the notices as stored.</summary>
public static class NoticeSteps
{
    /// <summary>Values of a valid notice published from <paramref name="fromUtc"/> (JST in the form, as typed).</summary>
    public static Dictionary<string, string> Values(
        string title, NoticeAudience audience, DateTime fromUtc, DateTime? untilUtc = null,
        NoticeImportance importance = NoticeImportance.Normal, string body = "本文です。") => new()
        {
            ["Title"] = title,
            ["Body"] = body,
            ["PublishFrom"] = NoticeValidation.ToJapanInput(fromUtc),
            ["PublishUntil"] = untilUtc is { } until ? NoticeValidation.ToJapanInput(until) : "",
            ["Audience"] = audience.ToString(),
            ["Importance"] = importance.ToString(),
        };

    /// <summary>Posts a notice through /council/notices/new; the client must be signed in as council staff.</summary>
    public static async Task PostNoticeAsync(this HttpClient council, Dictionary<string, string> values)
    {
        var page = await council.GetDocumentAsync("/council/notices/new");
        using var response = await council.SubmitAsync(page.Form("/council/notices"), values);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/council/notices?done=posted", response.Headers.Location?.OriginalString);
    }

    /// <summary>The id of the notice titled <paramref name="title"/>.</summary>
    public static Task<Guid> NoticeIdAsync(this PortalFactory portal, string title)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.WithServiceAsync<Guid, MioKarteDbContext>(db => db.Notices.Where(n => n.Title == title).Select(n => n.Id).SingleAsync());
    }

    public static Task<Notice> FindNoticeAsync(this PortalFactory portal, Guid id)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.WithServiceAsync<Notice, MioKarteDbContext>(db => db.Notices.AsNoTracking().SingleAsync(n => n.Id == id));
    }
}
