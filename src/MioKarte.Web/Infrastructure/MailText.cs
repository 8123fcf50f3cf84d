using System.Globalization;
using Microsoft.Extensions.Localization;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Mail texts from the resources, always in Japanese: the forms, the council and the recipients
/// work in Japanese whatever language the sender browsed in.
/// </summary>
public sealed class MailText(IStringLocalizerFactory factory)
{
    private static readonly CultureInfo Japanese = new("ja-JP");
    private readonly IStringLocalizer text = factory.Create(typeof(SharedResource));

    public string this[string key, params object[] arguments]
    {
        get
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = Japanese;
            try
            {
                return text[key, arguments];
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
    }
}
