using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// The passkeys' relying party (<c>Passkeys</c> section). Both empty by default, which fits the
/// embedded run: the relying-party id is the host the browser used (<c>localhost</c> for
/// https://localhost:port — a bare IP address such as 127.0.0.1 cannot hold passkeys) and a ceremony
/// is valid only when the browser's origin is the origin of the request that posts it. Production
/// names the public host, so that a passkey made through one address keeps working through another
/// of the same site and a proxy's internal address is never taken for the site.
/// </summary>
public sealed class PasskeySettings
{
    public const string Section = "Passkeys";

    /// <summary>The relying-party id: the site's registrable host name, e.g. <c>mio-karte.example.jp</c>; empty = the request's host.</summary>
    [RegularExpression(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", ErrorMessage = "Passkeys:ServerDomain must be a lower-case host name without scheme or port.")]
    public string? ServerDomain { get; set; }

    /// <summary>The origins a ceremony may come from, e.g. <c>https://mio-karte.example.jp</c>; empty = the request's own origin.</summary>
    public IReadOnlyList<string> Origins { get; set; } = [];

    /// <summary>Identity's passkey options from these settings (user verification is required: the device's PIN or biometrics).</summary>
    public sealed class Apply(IOptions<PasskeySettings> settings) : IConfigureOptions<IdentityPasskeyOptions>
    {
        public void Configure(IdentityPasskeyOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var value = settings.Value;
            options.UserVerificationRequirement = "required";
            // A passkey that the device finds by itself: sign-in without typing the 利用者ID.
            options.ResidentKeyRequirement = "required";
            if (!string.IsNullOrWhiteSpace(value.ServerDomain))
            {
                options.ServerDomain = value.ServerDomain;
            }

            if (value.Origins.Count > 0)
            {
                var origins = value.Origins.Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
                options.ValidateOrigin = context => ValueTask.FromResult(!context.CrossOrigin && origins.Contains(context.Origin));
            }
            else
            {
                // The portal's own address, not the request's Origin header: the portal sends
                // Referrer-Policy: no-referrer, so Chromium posts the ceremony's form with "Origin: null",
                // and Identity's default (Origin header = the credential's origin) refused every passkey.
                // The origin the browser signed into the ceremony must be this host, over https.
                options.ValidateOrigin = context =>
                {
                    var request = context.HttpContext.Request;
                    var own = request.Scheme + "://" + request.Host.Value;
                    return ValueTask.FromResult(!context.CrossOrigin && request.IsHttps && string.Equals(context.Origin, own, StringComparison.OrdinalIgnoreCase));
                };
            }
        }
    }
}
