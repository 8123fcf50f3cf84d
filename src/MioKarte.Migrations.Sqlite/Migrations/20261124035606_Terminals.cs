using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Terminals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastUsedAtUtc",
                table: "TerminalCertificates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TerminalId",
                table: "TerminalCertificates",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "Terminals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FacilityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PersonInCharge = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    RegisteredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RegisteredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RetiredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RetiredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Terminals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Terminals_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TerminalCertificates_TerminalId_IssuedAtUtc",
                table: "TerminalCertificates",
                columns: new[] { "TerminalId", "IssuedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Terminals_FacilityId_RetiredAtUtc",
                table: "Terminals",
                columns: new[] { "FacilityId", "RetiredAtUtc" });

            // Every certificate issued before terminals existed (the activation's first one) becomes a
            // terminal of its own: a PC named as the certificate, registered when and by whom it was
            // issued, retired if the certificate was revoked. The terminal takes the certificate's id.
            migrationBuilder.Sql(
                "INSERT INTO Terminals (Id, FacilityId, Name, Kind, Location, PersonInCharge, RegisteredAtUtc, RegisteredBy, RetiredAtUtc, RetiredBy, Version) " +
                "SELECT Id, FacilityId, TerminalName, 'Pc', '', '', IssuedAtUtc, IssuedBy, RevokedAtUtc, RevokedBy, Id FROM TerminalCertificates;");
            migrationBuilder.Sql("UPDATE TerminalCertificates SET TerminalId = Id;");

            migrationBuilder.AddForeignKey(
                name: "FK_TerminalCertificates_Terminals_TerminalId",
                table: "TerminalCertificates",
                column: "TerminalId",
                principalTable: "Terminals",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_TerminalCertificates_Terminals_TerminalId",
                table: "TerminalCertificates");

            migrationBuilder.DropTable(
                name: "Terminals");

            migrationBuilder.DropIndex(
                name: "IX_TerminalCertificates_TerminalId_IssuedAtUtc",
                table: "TerminalCertificates");

            migrationBuilder.DropColumn(
                name: "LastUsedAtUtc",
                table: "TerminalCertificates");

            migrationBuilder.DropColumn(
                name: "TerminalId",
                table: "TerminalCertificates");
        }
    }
}
