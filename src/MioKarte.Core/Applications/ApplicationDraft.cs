using MioKarte.Core.Identity;

namespace MioKarte.Core.Applications;

/// <summary>
/// A participation application saved half-way (下書き). The applicant resumes it from a mailed link;
/// only the SHA-256 of the link's token is stored, and the draft expires after
/// <see cref="Lifetime"/>. Submitting the application empties its drafts (<see cref="Submitted"/>):
/// the personal data goes, the link stays known until it expires so it can say 「申込済み」.
/// </summary>
public sealed class ApplicationDraft
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private ApplicationDraft()
    {
    }

    public Guid Id { get; private set; }
    public string TokenHash { get; private set; } = "";
    public string Email { get; private set; } = "";

    /// <summary>The form as typed (ApplicationInput as JSON): a draft may be incomplete or invalid.</summary>
    public string InputJson { get; private set; } = "";

    public int Step { get; private set; }

    /// <summary>The submission key of the form, so a resumed draft still submits exactly once.</summary>
    public Guid SubmissionKey { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime ExpiresAtUtc { get; private set; }

    /// <summary>A new draft and the raw token for the resume link (never stored).</summary>
    public static (ApplicationDraft Draft, string Token) Save(
        string email, string inputJson, int step, Guid submissionKey, DateTime nowUtc)
    {
        var token = LinkToken.New();
        return (new ApplicationDraft
        {
            Id = Guid.NewGuid(),
            TokenHash = LinkToken.Hash(token),
            Email = email,
            InputJson = inputJson,
            Step = step,
            SubmissionKey = submissionKey,
            CreatedAtUtc = nowUtc,
            ExpiresAtUtc = nowUtc + Lifetime,
        }, token);
    }

    public bool IsExpired(DateTime nowUtc) => nowUtc >= ExpiresAtUtc;

    /// <summary>
    /// The application of this form was submitted: the typed values and the address are removed
    /// (they now live in the application); the token hash and the submission key stay, so that the
    /// mailed link leads to the application's status instead of an error.
    /// </summary>
    public void Submitted()
    {
        InputJson = "";
        Email = "";
    }
}
