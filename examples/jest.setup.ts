// What a user puts in their Jest setup file: the matchers on Jest's global expect.
import 'expect-secure-headers/jest';
