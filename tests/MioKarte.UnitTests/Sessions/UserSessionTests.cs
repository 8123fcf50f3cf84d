using MioKarte.Core.Sessions;

namespace MioKarte.UnitTests.Sessions;

public sealed class UserSessionTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "iPad / Safari")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/130.0 Mobile/15E148 Safari/604.1", "iPhone / Chrome")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "Windows / Edge")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "Windows / Chrome")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Mac / Safari")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Linux / Firefox")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36", "Android / Chrome")]
    [InlineData("curl/8.5.0", "不明な端末")]
    [InlineData("", "不明な端末")]
    [InlineData(null, "不明な端末")]
    public void A_user_agent_becomes_a_short_device_description(string? userAgent, string expected) =>
        Assert.Equal(expected, DeviceDescription.FromUserAgent(userAgent));

    [Fact]
    public void A_new_session_is_stamped_with_its_start()
    {
        var session = UserSession.Start("user-1", "iPad / Safari", "受付PC-1", Start);

        Assert.Equal(Start, session.StartedAtUtc);
        Assert.Equal(Start, session.LastSeenAtUtc);
        Assert.Equal(Start, session.AuthenticatedAtUtc);
        Assert.Equal("受付PC-1", session.TerminalName);
    }

    [Fact]
    public void Ending_twice_keeps_the_first_end()
    {
        var session = UserSession.Start("user-1", "Mac / Safari", null, Start);

        session.End(SessionEndReason.EndedByUser, Start.AddMinutes(1));
        session.End(SessionEndReason.SignedOut, Start.AddMinutes(2));

        Assert.Equal(Start.AddMinutes(1), session.EndedAtUtc);
        Assert.Equal(SessionEndReason.EndedByUser, session.EndReason);
        Assert.True(session.IsEnded);
    }

    [Fact]
    public void Overlong_device_and_terminal_texts_are_cut_to_their_columns()
    {
        var session = UserSession.Start("user-1", new string('d', 200), new string('t', 200), Start);

        Assert.Equal(UserSession.DeviceMaxLength, session.Device.Length);
        Assert.Equal(UserSession.TerminalMaxLength, session.TerminalName!.Length);
    }
}
