using System.Net;
using System.Net.Sockets;

namespace P4Orleans.Testing;

/// <summary>Ports nobody listens on now, for the silo and gateway of a test host (several run in one process).</summary>
public static class FreePorts
{
    /// <summary>A free loopback port (the OS picks it; it is free the moment it is returned).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
