using System.Security.Cryptography.X509Certificates;

namespace MioKarte.Core.Pki;

/// <summary>Reads and writes certificate files so that private keys are readable by the owner only.</summary>
public static class CertificateFiles
{
    /// <summary>Writes a PKCS#12 file holding the certificate and its private key, mode 0600 on Unix.</summary>
    public static void WritePfx(string path, X509Certificate2 certificate, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        WriteOwnerOnly(path, certificate.Export(X509ContentType.Pkcs12, password));
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="path"/> readable and writable by the owner
    /// only (mode 0600 on Unix; on Windows the folder's ACL applies), replacing any existing file.
    /// </summary>
    public static void WriteOwnerOnly(string path, ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(bytes);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to new files: tighten an existing one too.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Creates <paramref name="path"/> if missing, on Unix as mode 0700 (owner only).</summary>
    public static void CreateOwnerOnlyFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Writes only the public certificate as PEM (safe to share, e.g. the CA to trust).</summary>
    public static void WritePublicPem(string path, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
    }

    public static X509Certificate2 LoadPfx(string path, string? password = null) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
}
