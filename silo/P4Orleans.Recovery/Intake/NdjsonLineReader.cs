namespace P4Orleans.Recovery.Intake;

/// <summary>
/// Reads an NDJSON body line by line as UTF-8 bytes, holding at most one line (up to the line limit) and one
/// read buffer: a longer line is skipped to its end and reported as too long, never accumulated. Lines are
/// numbered from 1, blank ones included (so numbers match the client's file). <see cref="Line"/> is valid until
/// the next read.
/// </summary>
internal sealed class NdjsonLineReader(Stream stream, int maxLineBytes)
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private byte[] _buffer = new byte[Math.Min(64 * 1024, maxLineBytes + 2)];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The current line's number (from 1).</summary>
    public int LineNumber { get; private set; }

    /// <summary>The current line without its end of line (empty when it was too long).</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>True when the current line was longer than the limit (its content was dropped).</summary>
    public bool TooLong { get; private set; }

    /// <summary>True when the current line holds nothing but white space.</summary>
    public bool IsBlank => !TooLong && Line.Span.Trim(" \t\r"u8).IsEmpty;

    /// <summary>Moves to the next line; false at the end of the body.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var skipping = false;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Emit(_start + newline, skipping);
                _start += newline + 1;
                return true;
            }
            if (skipping || _end - _start > maxLineBytes)
            {
                // Too long: drop what is held and keep reading to the end of the line.
                skipping = true;
                _start = _end = 0;
            }
            if (_eof)
            {
                if (_end == _start && !skipping)
                {
                    return false;
                }
                Emit(_end, skipping);
                _start = _end;
                return true;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxLineBytes + 2));
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                _eof = true;
            }
            _end += read;
        }
    }

    private void Emit(int end, bool tooLong)
    {
        LineNumber++;
        TooLong = tooLong;
        var line = tooLong ? default : _buffer.AsMemory(_start, end - _start);
        if (LineNumber == 1 && line.Span.StartsWith(Bom))
        {
            line = line[Bom.Length..];
        }
        Line = line.Span.EndsWith("\r"u8) ? line[..^1] : line;
    }
}
