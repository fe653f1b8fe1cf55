import 'expect-secure-headers/jest-globals';
