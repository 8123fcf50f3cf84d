using System.Globalization;
using System.Text;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Notices;

/// <summary>The notice form as typed: date-times are Japan time (JST), as the council reads its clock.</summary>
public sealed class NoticeInput
{
    public string? Title { get; set; }

    public string? Body { get; set; }

    /// <summary>掲載開始 in JST, e.g. "2026-12-01T09:00" (the browser's datetime-local) or "2026/12/01 09:00".</summary>
    public string? PublishFrom { get; set; }

    /// <summary>掲載終了 in JST; empty for "until withdrawn".</summary>
    public string? PublishUntil { get; set; }

    public string? Audience { get; set; }

    public string? Importance { get; set; }
}

/// <summary>Cleans and checks a <see cref="NoticeInput"/>; errors carry resource keys of Japanese messages.</summary>
public static class NoticeValidation
{
    /// <summary>Cleans the fields in place, so the form comes back showing what would be stored.</summary>
    public static void Normalise(NoticeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Title = FormInput.CleanLine(input.Title);
        input.Body = FormInput.CleanBody(input.Body);
        input.PublishFrom = FormInput.CleanLine(input.PublishFrom)?.Normalize(NormalizationForm.FormKC);
        input.PublishUntil = FormInput.CleanLine(input.PublishUntil)?.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>The content to store, or the errors to show (never both).</summary>
    public static (NoticeContent? Content, IReadOnlyList<FieldError> Errors) Validate(NoticeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var title = input.Title ?? "";
        if (title.Length == 0)
        {
            errors.Add(new FieldError(nameof(NoticeInput.Title), "Notice.Error.TitleRequired"));
        }
        else if (title.Length > Notice.TitleMaxLength)
        {
            errors.Add(new FieldError(nameof(NoticeInput.Title), "Notice.Error.TitleTooLong", Notice.TitleMaxLength, title.Length));
        }

        var body = input.Body ?? "";
        if (body.Length == 0)
        {
            errors.Add(new FieldError(nameof(NoticeInput.Body), "Notice.Error.BodyRequired"));
        }
        else if (body.Length > Notice.BodyMaxLength)
        {
            errors.Add(new FieldError(nameof(NoticeInput.Body), "Notice.Error.BodyTooLong", Notice.BodyMaxLength, body.Length));
        }

        DateTime? from = null;
        if (string.IsNullOrEmpty(input.PublishFrom))
        {
            errors.Add(new FieldError(nameof(NoticeInput.PublishFrom), "Notice.Error.FromRequired"));
        }
        else if ((from = ParseJapanTime(input.PublishFrom)) is null)
        {
            errors.Add(new FieldError(nameof(NoticeInput.PublishFrom), "Notice.Error.DateTimeFormat"));
        }

        DateTime? until = null;
        if (!string.IsNullOrEmpty(input.PublishUntil))
        {
            until = ParseJapanTime(input.PublishUntil);
            if (until is null)
            {
                errors.Add(new FieldError(nameof(NoticeInput.PublishUntil), "Notice.Error.DateTimeFormat"));
            }
            else if (from is not null && until <= from)
            {
                errors.Add(new FieldError(nameof(NoticeInput.PublishUntil), "Notice.Error.UntilBeforeFrom"));
            }
        }

        var audience = FormInput.ParseName<NoticeAudience>(input.Audience);
        if (audience is null)
        {
            errors.Add(new FieldError(nameof(NoticeInput.Audience), "Notice.Error.AudienceRequired"));
        }

        var importance = FormInput.ParseName<NoticeImportance>(input.Importance);
        if (importance is null)
        {
            errors.Add(new FieldError(nameof(NoticeInput.Importance), "Notice.Error.ImportanceRequired"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new NoticeContent(title, body, from!.Value, until, audience!.Value, importance!.Value), errors);
    }

    /// <summary>The stored notice as the edit form shows it (JST date-times in the browser's datetime-local format).</summary>
    public static NoticeInput ToInput(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new NoticeInput
        {
            Title = notice.Title,
            Body = notice.Body,
            PublishFrom = ToJapanInput(notice.PublishFromUtc),
            PublishUntil = notice.PublishUntilUtc is { } until ? ToJapanInput(until) : null,
            Audience = notice.Audience.ToString(),
            Importance = notice.Importance.ToString(),
        };
    }

    /// <summary>"2026-12-01T09:00" (JST) for a UTC instant: the value a datetime-local field takes.</summary>
    public static string ToJapanInput(DateTime utc) =>
        JapanTime.ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A JST date-time as typed (<see cref="JapaneseDate.TryParseDateTime"/>: 西暦 or 和暦), as a UTC instant; null when it is not one.</summary>
    public static DateTime? ParseJapanTime(string? value) =>
        JapaneseDate.TryParseDateTime(value, DateBounds.Any, out var local, out _) ? JapanTime.ToUtc(local) : null;
}
