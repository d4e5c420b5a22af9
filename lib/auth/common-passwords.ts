// Passwords of 12 or more characters that appear near the top of public breach corpora.
// A short list kept in the repo catches the worst choices with no network call; a real
// deployment would add a k-anonymity breach check (e.g. Pwned Passwords) on top.

/** Case-insensitive, so "Password1234" is refused as well as "password1234". */
export function isCommonPassword(password: string): boolean {
  // Listed inside the function, not once at import: it runs only at registration, and
  // mutation testing can then tie each entry to the tests that guard it.
  return [
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123123123123",
    "111111111111",
    "000000000000",
    "123456123456",
    "qwertyuiopasdfgh",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwerty123456",
    "1qaz2wsx3edc",
    "1q2w3e4r5t6y",
    "zaq12wsxcde3",
    "asdfghjkl123",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "password1!",
    "p@ssw0rd1234",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "welcome123456",
    "administrator",
    "admin1234567",
    "changeme1234",
    "trustno1trustno1",
    "sunshine1234",
    "football1234",
    "baseball1234",
    "princess1234",
    "monkey123456",
    "dragon123456",
    "superman1234",
    "starwars1234",
    "abcdefghijkl",
    "abc123abc123",
    "abcd12345678",
    "computer1234",
    "internet1234",
    "whatever1234",
    "qazwsxedcrfv",
    "mypassword123",
    "secretpassword",
    "correcthorsebatterystaple",
  ].includes(password.toLowerCase());
}
