using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;

namespace MioKarte.Web.Areas.Council.Certificates;

/// <summary>The revocation form: the version the page showed and the RFC 5280 reason chosen.</summary>
public sealed record RevokeCertificateInput(Guid Version, CertificateRevocationReason? Reason);

/// <summary>
/// 失効: the council revokes a terminal certificate. The CA checks the posted version, saves, and
/// publishes the next CRL at once, so /pki/crl lists the serial as soon as the page redirects.
/// </summary>
public sealed class RevokeCertificateHandler(NetworkCertificateAuthority ca) : IUseCaseHandler
{
    public async Task<RevocationOutcome?> HandleAsync(Guid id, RevokeCertificateInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Reason is { } reason && Enum.IsDefined(reason)
            ? await ca.RevokeAsync(id, input.Version, actor.UserName, reason, cancellationToken)
            : null; // no reason chosen: the page asks for one
    }
}
