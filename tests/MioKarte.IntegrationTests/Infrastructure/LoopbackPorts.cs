using System.Net;
using System.Net.Sockets;

namespace MioKarte.IntegrationTests.Infrastructure;

public static class LoopbackPorts
{
    /// <summary>A loopback TCP port free right now (the OS picks it), for a server a test starts.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
