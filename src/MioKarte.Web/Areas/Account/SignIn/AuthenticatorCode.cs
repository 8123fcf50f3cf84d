using System.Text;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>
/// What people type from an authenticator app: "123 456", "123-456" or full-width digits all mean 123456.
/// </summary>
public static class AuthenticatorCode
{
    public static string Normalise(string? typed) =>
        new((typed ?? "").Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    public static bool IsSixDigits(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);
}
