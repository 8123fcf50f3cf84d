using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MioKarte.Core.Common;
using MioKarte.Core.Pki;

namespace MioKarte.UnitTests.Pki;

/// <summary>The record of a terminal certificate: its status over time and the guarded revocation.</summary>
public sealed class TerminalCertificateTests
{
    private static readonly DateTime Now = TestAuthorities.Now.UtcDateTime;

    private static TerminalCertificate Record()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=受付PC-1, OU=V00042, O=みお内科, C=JP", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(TestAuthorities.Now, TestAuthorities.Now.AddDays(365));
        return TerminalCertificate.Issued(Guid.NewGuid(), Guid.NewGuid(), "V00042", "受付PC-1", certificate, TerminalKeyAlgorithm.EcdsaP256, "facadmin", Now);
    }

    [Fact]
    public void A_new_certificate_is_valid_from_its_start_until_its_end()
    {
        var certificate = Record();

        Assert.Equal(TerminalCertificateStatus.NotYetValid, certificate.StatusAt(Now.AddMinutes(-1)));
        Assert.Equal(TerminalCertificateStatus.Valid, certificate.StatusAt(Now));
        Assert.Equal(TerminalCertificateStatus.Expired, certificate.StatusAt(Now.AddDays(365)));
        Assert.Equal(64, certificate.Thumbprint.Length); // SHA-256, hex
    }

    [Fact]
    public void Revoking_records_who_when_and_why_and_changes_the_version()
    {
        var certificate = Record();
        var version = certificate.Version;

        certificate.Revoke("council-a", CertificateRevocationReason.KeyCompromise, Now.AddDays(3));

        Assert.Equal(TerminalCertificateStatus.Revoked, certificate.StatusAt(Now.AddDays(3)));
        Assert.Equal(TerminalCertificateStatus.Revoked, certificate.StatusAt(Now.AddDays(400)));
        Assert.Equal("council-a", certificate.RevokedBy);
        Assert.Equal(Now.AddDays(3), certificate.RevokedAtUtc);
        Assert.Equal(CertificateRevocationReason.KeyCompromise, certificate.RevocationReason);
        Assert.NotEqual(version, certificate.Version);
    }

    [Fact]
    public void Revoking_twice_is_refused_and_keeps_the_first_revocation()
    {
        var certificate = Record();
        certificate.Revoke("council-a", CertificateRevocationReason.KeyCompromise, Now);

        Assert.Throws<WorkflowException>(() => certificate.Revoke("council-b", CertificateRevocationReason.Superseded, Now.AddHours(1)));

        Assert.Equal("council-a", certificate.RevokedBy);
        Assert.Equal(CertificateRevocationReason.KeyCompromise, certificate.RevocationReason);
    }

    [Fact]
    public void Revoking_needs_an_actor_and_a_known_reason()
    {
        var certificate = Record();

        Assert.Throws<WorkflowException>(() => certificate.Revoke(" ", CertificateRevocationReason.Unspecified, Now));
        Assert.Throws<WorkflowException>(() => certificate.Revoke("council-a", (CertificateRevocationReason)42, Now));
        Assert.False(certificate.IsRevoked);
    }

    [Theory]
    [InlineData(CertificateRevocationReason.Unspecified, X509RevocationReason.Unspecified)]
    [InlineData(CertificateRevocationReason.KeyCompromise, X509RevocationReason.KeyCompromise)]
    [InlineData(CertificateRevocationReason.AffiliationChanged, X509RevocationReason.AffiliationChanged)]
    [InlineData(CertificateRevocationReason.Superseded, X509RevocationReason.Superseded)]
    [InlineData(CertificateRevocationReason.CessationOfOperation, X509RevocationReason.CessationOfOperation)]
    [InlineData(CertificateRevocationReason.PrivilegeWithdrawn, X509RevocationReason.PrivilegeWithdrawn)]
    public void Each_reason_is_written_as_its_RFC_5280_code(CertificateRevocationReason reason, X509RevocationReason code)
    {
        Assert.Equal(code, reason.ToX509());
    }

    [Theory]
    [InlineData("  受付PC-1  ", "受付PC-1")]
    [InlineData("", null)]
    [InlineData("PC\n1", null)]
    public void A_terminal_name_is_trimmed_and_refused_when_empty_or_with_control_characters(string name, string? expected)
    {
        Assert.Equal(expected, TerminalCertificate.NormaliseTerminalName(name));
    }
}
