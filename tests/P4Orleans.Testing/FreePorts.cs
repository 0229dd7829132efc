using System.Net;
using System.Net.Sockets;

namespace P4Orleans.Testing;

/// <summary>
/// Ports nobody listens on now, for the silo, gateway and servers of test hosts (several run in one process).
/// The OS may hand the same ephemeral port to two listeners opened one after the other, so a port is given at
/// most once per process: a silo and its gateway asked for in a row never get the same one.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    /// <summary>A free loopback port (the OS picks it; it is free the moment it is returned) never returned before in this process.</summary>
    public static int Next()
    {
        while (true)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            lock (Gate)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
