using System.IO.Pipelines;
using System.Net;

namespace P4Orleans.Testing;

/// <summary>
/// A request body written by the test while it is sent: each block the test writes reaches the server at once (the
/// client's connection would otherwise hold small blocks in its buffer until the body ends).
/// </summary>
public sealed class FlushingContent(PipeReader reader) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        while (true)
        {
            var read = await reader.ReadAsync();
            foreach (var segment in read.Buffer)
            {
                await stream.WriteAsync(segment);
            }
            reader.AdvanceTo(read.Buffer.End);
            await stream.FlushAsync();
            if (read.IsCompleted)
            {
                await reader.CompleteAsync();
                return;
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
