namespace MioKarte.Core.Hosting;

/// <summary>
/// A setting that cannot be used (a certificate file that does not open, a key that does not match):
/// thrown at start-up so the portal stops with a message that names the setting and what to do.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException()
    {
    }

    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
