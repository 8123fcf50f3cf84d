namespace MioKarte.Benchmarks;

/// <summary>A child process's last output lines, kept to explain a failure (neither process logs patient data).</summary>
internal sealed class LastLines(int capacity)
{
    private readonly Queue<string> lines = new();

    public void Add(string line)
    {
        lock (lines)
        {
            lines.Enqueue(line);
            if (lines.Count > capacity)
            {
                lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            return string.Join('\n', lines);
        }
    }
}
