using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Data-protection keys (they sign the sign-in and antiforgery cookies and protect the generated
/// network CA's password) live in the database, so every portal node behind a load balancer reads
/// and writes the same key ring. With <c>DataProtection:CertificatePath</c> each key is encrypted
/// with that RSA certificate before it is stored; without it the key XML is stored in clear and
/// only the database's own access control protects it (docs/operations.md, 「複数ノード」).
/// </summary>
public static partial class PortalDataProtection
{
    public const string SectionName = "DataProtection";

    /// <summary>The folder the keys were kept in before they moved to the database (imported once, <see cref="ImportFolderKeysAsync"/>).</summary>
    public static string LegacyKeyFolder(string dataFolder) => Path.Combine(dataFolder, "keys");

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddDataProtection()
            .SetApplicationName("MioKarte")
            .PersistKeysToDbContext<MioKarteDbContext>();
        var section = configuration.GetSection(SectionName);
        if (LoadCertificate(section, "CertificatePath", "CertificatePassword") is { } current)
        {
            // New keys are encrypted with it; its private key decrypts them on every node.
            builder.ProtectKeysWithCertificate(current);
        }

        if (LoadCertificate(section, "PreviousCertificatePath", "PreviousCertificatePassword") is { } previous)
        {
            // After a certificate change, keys encrypted with the old one still open until they expire.
            builder.UnprotectKeysWithAnyCertificate(previous);
        }

        return services;
    }

    /// <summary>
    /// A node upgraded from file-kept keys copies <c>{DataFolder}/keys/*.xml</c> into the database
    /// the first time (keys already there are skipped), so sign-ins and the generated network CA's
    /// password keep opening. Runs before anything reads the key ring.
    /// </summary>
    public static async Task ImportFolderKeysAsync(IServiceProvider services, string dataFolder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        var folder = LegacyKeyFolder(dataFolder);
        if (!Directory.Exists(folder))
        {
            return;
        }

        var files = Directory.GetFiles(folder, "key-*.xml");
        if (files.Length == 0)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (known.Contains(name))
            {
                continue;
            }

            // The element as the file system store wrote it (encrypted or not): the EF store keeps the same XML.
            var xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = xml });
            added++;
        }

        if (added > 0)
        {
            await db.SaveChangesAsync();
            LogImported(logger, added, folder);
        }
    }

    private static X509Certificate2? LoadCertificate(IConfigurationSection section, string pathKey, string passwordKey)
    {
        var path = section[pathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var name = $"{SectionName}:{pathKey}";
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"{name} '{path}' does not exist: set the path of the PKCS#12 file (RSA certificate and private key) that encrypts the data-protection keys.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section[passwordKey]);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException($"{name} '{path}' cannot be opened: wrong {SectionName}:{passwordKey} or not a PKCS#12 file.", ex);
        }

        // XML encryption with a certificate is RSA only, and decrypting needs the private key.
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            certificate.Dispose();
            throw new ConfigurationException($"{name} '{path}' must hold an RSA certificate with its private key (XML encryption of the keys needs RSA).");
        }

        return certificate;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Imported {Count} data-protection key(s) from {Folder} into the database; the folder is no longer read and can be removed once every node runs this version")]
    private static partial void LogImported(ILogger logger, int count, string folder);
}
