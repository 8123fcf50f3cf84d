using MioKarte.Core.Common;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.Pki;

/// <summary>
/// 端末: a PC or iPad of a facility that may open the clinical and administration pages. It proves
/// itself with a client certificate (<see cref="TerminalCertificate"/>, which names it by
/// <see cref="TerminalCertificate.TerminalId"/>); a renewal gives it a new certificate, and 利用終了
/// (<see cref="Retire"/>) ends it for good, its certificates revoked.
/// </summary>
public sealed class Terminal : IVersioned, IFacilityOwned
{
    public const int NameMaxLength = 40;
    public const int LocationMaxLength = 100;
    public const int PersonInChargeMaxLength = 50;

    private Terminal()
    {
    }

    public Guid Id { get; private set; }

    public Guid FacilityId { get; private set; }

    /// <summary>端末名: unique among the facility's terminals in use; written into its certificates (CN).</summary>
    public string Name { get; private set; } = "";

    public TerminalKind Kind { get; private set; }

    /// <summary>設置場所, e.g. 受付, 診察室1.</summary>
    public string Location { get; private set; } = "";

    /// <summary>担当者: who looks after the terminal.</summary>
    public string PersonInCharge { get; private set; } = "";

    public DateTime RegisteredAtUtc { get; private set; }

    public string RegisteredBy { get; private set; } = "";

    /// <summary>利用終了: no certificate is issued for the terminal after this.</summary>
    public DateTime? RetiredAtUtc { get; private set; }

    public string? RetiredBy { get; private set; }

    public Guid Version { get; private set; }

    public bool IsRetired => RetiredAtUtc is not null;

    public static Terminal Register(
        Guid facilityId, string name, TerminalKind kind, string? location, string? personInCharge, string actor, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var normalised = TerminalCertificate.NormaliseTerminalName(name);
        if (normalised is null || normalised.Length > NameMaxLength)
        {
            throw new WorkflowException("A terminal name is 1–40 characters without control characters.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new WorkflowException($"{kind} is not a kind of terminal.");
        }

        return new Terminal
        {
            Id = Guid.NewGuid(),
            FacilityId = facilityId,
            Name = normalised,
            Kind = kind,
            Location = Limit(location, LocationMaxLength),
            PersonInCharge = Limit(personInCharge, PersonInChargeMaxLength),
            RegisteredAtUtc = nowUtc,
            RegisteredBy = actor,
            Version = Guid.NewGuid(),
        };
    }

    /// <summary>
    /// A certificate is about to be issued (or renewed) for the terminal: refused once it is retired.
    /// Moves the version, so two issues from one page (a double submit, two tabs) cannot both save.
    /// </summary>
    public void RecordCertificateIssue()
    {
        if (IsRetired)
        {
            throw new WorkflowException($"Terminal {Id} is retired: no certificate is issued for it.");
        }

        Version = Guid.NewGuid();
    }

    /// <summary>利用終了 (after 紛失・盗難 or 廃棄): final.</summary>
    public void Retire(string actor, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (IsRetired)
        {
            throw new WorkflowException($"Terminal {Id} is already retired.");
        }

        RetiredAtUtc = nowUtc;
        RetiredBy = actor;
        Version = Guid.NewGuid();
    }

    private static string Limit(string? value, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        return trimmed.Length > maxLength ? throw new WorkflowException($"At most {maxLength} characters.") : trimmed;
    }
}

/// <summary>端末の種類.</summary>
public enum TerminalKind
{
    Pc,   // PC
    Ipad, // iPad
}
