using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MioKarte.Core.Common;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// 閲覧記録: one row of the access log — who (user, facility, terminal) did what to which linked
/// patient, when, under which request id. Rows are append-only and hash-chained: each row's
/// <see cref="Hash"/> covers its own fields and the previous row's hash, so editing or deleting a
/// row breaks the chain from that row on (<see cref="AccessLogVerifier"/> names the first broken one).
/// No patient data is written here: patients are named by opaque ids only.
/// </summary>
public sealed class AccessLogEntry
{
    /// <summary>The previous hash of the first row.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public const int TargetMaxLength = 200;

    private AccessLogEntry()
    {
    }

    /// <summary>1, 2, 3… without gaps; unique, so two writers cannot both extend the same head.</summary>
    public long Sequence { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>The acting user's facility; null for council staff and system administrators.</summary>
    public Guid? FacilityId { get; private set; }

    public string UserId { get; private set; } = "";

    /// <summary>利用者ID at the time (kept even if the account is later renamed or removed).</summary>
    public string UserName { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    /// <summary>The terminal certificate the request came with (null where certificates are relaxed).</summary>
    public Guid? TerminalCertificateId { get; private set; }

    public string? TerminalName { get; private set; }

    public Guid? FacilityPatientId { get; private set; }

    public Guid? PatientLinkId { get; private set; }

    public AccessAction Action { get; private set; }

    /// <summary>What exactly was opened, by opaque ids only (e.g. <c>LabResult/abc</c>); never names or values.</summary>
    public string? Target { get; private set; }

    /// <summary>非常時アクセス: the access was made under an emergency grant, not a consented link.</summary>
    public bool IsEmergency { get; private set; }

    public string RequestId { get; private set; } = "";

    public string PreviousHash { get; private set; } = GenesisHash;

    /// <summary>SHA-256 (upper-case hex) of the previous hash and this row's fields.</summary>
    public string Hash { get; private set; } = "";

    /// <summary>The row that follows <paramref name="head"/> (null for the first row).</summary>
    internal static AccessLogEntry After(ChainHead? head, Actor actor, AccessRecord record, DateTime nowUtc)
    {
        var entry = new AccessLogEntry
        {
            Sequence = (head?.Sequence ?? 0) + 1,
            AtUtc = nowUtc,
            FacilityId = actor.FacilityId,
            UserId = actor.UserId,
            UserName = actor.UserName,
            DisplayName = actor.DisplayName,
            TerminalCertificateId = actor.TerminalCertificateId,
            TerminalName = actor.TerminalName,
            FacilityPatientId = record.FacilityPatientId,
            PatientLinkId = record.PatientLinkId,
            Action = record.Action,
            Target = record.Target is { Length: > TargetMaxLength } tooLong ? tooLong[..TargetMaxLength] : record.Target,
            IsEmergency = record.IsEmergency,
            RequestId = actor.RequestId,
            PreviousHash = head?.Hash ?? GenesisHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    /// <summary>The hash this row should carry, from its fields as stored now.</summary>
    public string ComputeHash()
    {
        // Every field in a fixed order, each prefixed with its length, so no choice of field
        // values can make two different rows hash the same text.
        var fields = new[]
        {
            Sequence.ToString(CultureInfo.InvariantCulture),
            AtUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            FacilityId?.ToString("D") ?? "",
            UserId,
            UserName,
            DisplayName,
            TerminalCertificateId?.ToString("D") ?? "",
            TerminalName ?? "",
            FacilityPatientId?.ToString("D") ?? "",
            PatientLinkId?.ToString("D") ?? "",
            Action.ToString(),
            Target ?? "",
            IsEmergency ? "1" : "0",
            RequestId,
            PreviousHash,
        };
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>What a row of the access log records. Stored by name: new values may be added at the end or anywhere.</summary>
public enum AccessAction
{
    PatientList,          // 患者一覧
    PatientRecord,        // 一連の表
    RecordDetail,         // 詳細（処方・検査・読影レポート・紹介状）
    LabTrend,             // 検査結果の推移
    Image,                // 画像
    Document,             // 文書（紹介状PDF等）
    PrintSummary,         // 印刷（患者サマリPDF）
    ConsentScan,          // 同意書の画像
    PatientLinked,        // 患者IDの登録
    ConsentWithdrawn,     // 同意撤回
    EmergencyAccess,      // 非常時アクセスの開始
    AccessLogExport,      // 閲覧記録のCSV出力
    EmergencyAccessEnded, // 非常時アクセスの終了（本人による早期終了）
}

/// <summary>What is being accessed (opaque ids only).</summary>
public sealed record AccessRecord(
    AccessAction Action,
    Guid? FacilityPatientId = null,
    Guid? PatientLinkId = null,
    string? Target = null,
    bool IsEmergency = false);

/// <summary>The last row of the chain: what the next row extends.</summary>
public sealed record ChainHead(long Sequence, string Hash);
