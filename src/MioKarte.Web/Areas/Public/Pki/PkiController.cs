using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Pki;

namespace MioKarte.Web.Areas.Public.Pki;

/// <summary>
/// The network CA's public files, for anyone who checks a terminal certificate: the CA certificate
/// and the current CRL (証明書失効リスト), both DER. Issued certificates point here (CRL
/// distribution point, authority information access).
/// </summary>
[Area("Public")]
[AllowAnonymous]
[Route("pki")]
public sealed class PkiController(NetworkCertificateAuthority ca) : Controller
{
    [HttpGet("crl")]
    public async Task<IActionResult> Crl(CancellationToken cancellationToken)
    {
        var crl = await ca.CurrentCrlAsync(cancellationToken);
        return File(crl.Der, "application/pkix-crl", "miokarte-network-ca.crl");
    }

    [HttpGet("ca.crt")]
    public IActionResult CaCertificate() => File(ca.CaCertificateDer, "application/pkix-cert", "miokarte-network-ca.crt");
}
