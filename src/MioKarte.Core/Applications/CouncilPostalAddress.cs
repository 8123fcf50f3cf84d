namespace MioKarte.Core.Applications;

/// <summary>
/// The liaison council's postal address (section 2-3 and 4-2 of the guide), written ONE way
/// everywhere it appears — the PDF forms, the guide pages, the status page, the mails and the
/// footer: half-width digits (as the portal stores addresses), ideographic spaces between the
/// parts, 宛 on the addressee line. docs/glossary.md records the choice.
/// </summary>
public static class CouncilPostalAddress
{
    public const string PostalCode = "〒193-0832";
    public const string Street = "東京都八王子市散田町3-10-1";
    public const string Office = "医療法人社団永生会　南多摩病院　システム室内";
    public const string Council = "地域医療連携システムネットワーク連絡協議会";
    public const string Addressee = Council + "　宛";

    /// <summary>The four lines of an envelope: postal code, street, office, addressee.</summary>
    public static IReadOnlyList<string> Lines { get; } = [PostalCode, Street, Office, Addressee];

    /// <summary>The envelope lines joined with line breaks, for plain-text mails.</summary>
    public static string Block { get; } = string.Join('\n', Lines);

    /// <summary>One line without the addressee (the council's name stands beside it), for the footer.</summary>
    public static string OneLine { get; } = $"{PostalCode}　{Street}　{Office}";
}
