using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd, storing every message it accepts in a
/// Maildir. It can be stopped and started again on the same port to play an outage.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private readonly string maildir = Path.Combine(Path.GetTempPath(), "miokarte-smtp-" + Guid.NewGuid().ToString("N"));
    private Process? process;

    public SmtpServer()
    {
        Port = LoopbackPorts.Free();
    }

    public int Port { get; }

    public void Start()
    {
        if (process is not null)
        {
            return;
        }

        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
        {
            info.ArgumentList.Add(arg);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start (run scripts/test.sh to install python3-aiosmtpd)");
        WaitUntilListening();
    }

    public void Stop()
    {
        if (process is null)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    /// <summary>Every message the server has accepted so far.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(maildir, "new");
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))]
            : [];
    }

    /// <summary>Waits (up to 10 s) until the server holds <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count)
    {
        for (var i = 0; i < 100 && Messages().Count < count; i++)
        {
            await Task.Delay(100);
        }

        return Messages();
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (process!.HasExited)
                {
                    throw new InvalidOperationException("aiosmtpd exited: " + process.StandardError.ReadToEnd());
                }

                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"aiosmtpd did not listen on port {Port}");
    }

    public void Dispose()
    {
        Stop();
        if (Directory.Exists(maildir))
        {
            Directory.Delete(maildir, recursive: true);
        }
    }
}
